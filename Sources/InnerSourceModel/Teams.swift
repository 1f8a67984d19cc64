/// Names used for people whom no team claims.
public enum Teams {
    /// Not on any team the analysis knows: a data-quality figure, never an owner, never a contributing team.
    public static let unaffiliated = "unaffiliated"
}
