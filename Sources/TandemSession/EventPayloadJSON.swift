import TandemRecipe

/// EventPayload to and from its stored JSON object, on the fast path of JSONText (a replay decodes hundreds of
/// thousands of events).
extension EventPayload: Encodable {
    /// The canonical JSON text, as stored and hashed: the kind's fields in sorted key order.
    public var canonicalJSON: String {
        var w = PayloadWriter()
        body.write(&w)
        return w.canonicalJSON
    }

    /// Decodes a stored payload of `kind`; the error names the field.
    public init(kind: EventKind, canonicalJSON json: String) throws(PayloadDecodingError) {
        var reader = try PayloadReader(json)
        self = try EventPayload.decode(kind, &reader)
    }

    /// The payload object of a JSON export, the same fields as the canonical JSON.
    public func encode(to encoder: any Encoder) throws {
        var w = PayloadWriter()
        body.write(&w)
        try w.encode(to: encoder)
    }
}
