"""The session log's hash chain as tandem computes it (DESIGN.md section 5), shared by the event-log peers."""
import hashlib

GENESIS = "0" * 64


def chain_hash(prev, session, seq, at, actor, kind, payload):
    """SHA-256 over the previous hash and every field, each followed by the unit separator."""
    h = hashlib.sha256()
    for part in (prev, session, str(seq), str(at), actor, kind, payload):
        h.update(part.encode())
        h.update(b"\x1f")
    return h.hexdigest()
