internal import Clibgit2
import InnerSourceModel

extension GitRepository {
    /// Every tag that points (through annotated tags) at a commit, with the commit's committer time,
    /// sorted by time then name. Tags on trees or blobs, and tags whose commit is absent, are left out.
    public func tags() throws(GitError) -> [TagInfo] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, "refs/tags/*"), "git_reference_iterator_glob_new", gitDirectory)
        defer { git_reference_iterator_free(iterator) }
        var result: [TagInfo] = []
        var reference: OpaquePointer?
        while git_reference_next(&reference, iterator) == 0 {
            defer { git_reference_free(reference) }
            var object: OpaquePointer?
            guard git_reference_peel(&object, reference, GIT_OBJECT_COMMIT) == 0 else { continue }
            defer { git_object_free(object) }
            let name = decodeText(git_reference_shorthand(reference))
            let time = Int64(git_commit_time(object))
            result.append(TagInfo(name: name, commit: ObjectID(git_object_id(object).pointee), time: time))
        }
        return result.sorted { ($0.time, $0.name) < ($1.time, $1.name) }
    }
}
