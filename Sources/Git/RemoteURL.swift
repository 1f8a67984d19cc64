/// Removes credentials from remote URLs (`https://user:token@host/x` → `https://host/x`).
enum RemoteURL {
    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let afterScheme = url[scheme.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        // ssh://git@host/... names a login, not a secret; keep it when there is no password.
        let userInfo = authority[..<at]
        if url.hasPrefix("ssh://") && !userInfo.contains(":") { return url }
        return String(url[..<scheme.upperBound]) + String(afterScheme[authority.index(after: at)...])
    }
}
