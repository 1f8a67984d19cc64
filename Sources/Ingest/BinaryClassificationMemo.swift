import Git

/// Where the binary classification of the blobs at HEAD is kept by what it was made from (every path and
/// blob id classified, and the tool version whose rule classified them), so that a repository whose tree is
/// unchanged, or a copy of one, does not read every blob at HEAD again: a blob's content, and so whether it
/// is binary, is fixed by its id. The Pipeline's commit cache implements it; a store that fails answers
/// nothing and keeps nothing.
public protocol BinaryClassificationMemo: AnyObject {
    /// The binary paths of a classification of exactly `blobs` (paths and ids, in this order), when one is kept.
    func storedBinaryPaths(of blobs: [GitRepository.BlobAtPath]) -> Set<String>?
    /// Keeps the binary paths of a classification of `blobs` that read every one of them.
    func keepBinaryPaths(_ binary: Set<String>, of blobs: [GitRepository.BlobAtPath])
}
