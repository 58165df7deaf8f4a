import CXGBoost

/// The XGBoost library this build runs on, as `tandem --version` reports it.
public enum XGBoostLibrary {
    public static var version: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        XGBoostVersion(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
