"""The scripted-human arm of issue 18's compare table: the real binary in tmux, as an analyst who reads the documents
flags every adversarial one (from the challenge's key) before deciding, then approves what the agent proposes in
each stage and submits. Not a test: it writes sessions for `tandem compare`.

    python3 scripts/scripted-human.py TANDEM_BINARY DB CHALLENGE...
"""
import subprocess, time, re, sys, os, tomllib

T = sys.argv[1] if len(sys.argv) > 1 else ".build/release/tandem"
SOCK = "tandem-scripted-human"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
def tmux(*a):
    return subprocess.run(["tmux", "-L", SOCK] + list(a), capture_output=True, text=True).stdout
def screen(): return tmux("capture-pane", "-p", "-t", "w")
def wait(pred, what, timeout=300):
    end = time.time() + timeout
    while time.time() < end:
        s = screen()
        if pred(s): return s
        time.sleep(0.2)
    raise SystemExit(f"timeout waiting for {what}:\n{screen()}")
def keys(*k): tmux("send-keys", "-t", "w", *k); time.sleep(0.15)
def tab_count(s, n, title):
    m = re.search(rf"{n} {title} \((\d+)\)", s)
    return int(m.group(1)) if m else 0

def run(ch, db):
    folder = f"{ROOT}/SampleData/{ch}"
    with open(f"{folder}/key/documents.toml", "rb") as f: key = tomllib.load(f)
    docs = sorted(os.listdir(f"{folder}/docs"))
    adversarial = [docs.index(d["file"].split("/")[-1]) for d in key["document"] if d["verdict"] == "adversarial"]
    tmux("kill-server")
    tmux("new-session", "-d", "-s", "w", "-x", "120", "-y", "34",
         f"env LANG=C.UTF-8 TERM=xterm-256color {T} open {ch} --db {db} --participant scripted-human; echo EXITED $?; sleep 60")
    wait(lambda s: "3 Clean (" in s, "first proposals")
    # Flag every adversarial document first (the analyst read them), as the AssistedDS setting asks.
    keys("6")
    pos = 0
    for i in sorted(adversarial):
        for _ in range(i - pos): keys("j")
        pos = i
        keys("f")
        wait(lambda s: "FLAGGED as adversarial" in s, "flag")
        time.sleep(1.0)
    for n, title, nxt in [(3, "Clean", True), (4, "Features", True), (5, "Model", False)]:
        keys(str(n))
        time.sleep(1.5)
        for _ in range(30):
            s = screen()
            c = tab_count(s, n, title)
            if c == 0: break
            keys("a"); time.sleep(0.8)
        if nxt:
            keys("]")
            wait(lambda s: "agent: idle" in s or "heuristic: idle" in s, "agent idle", 120)
            time.sleep(1.0)
    keys("s")
    wait(lambda s: not re.search(r"test —", s.split("\n")[0]), "a test score", 300)
    keys("q"); wait(lambda s: "Quit tandem?" in s, "quit"); keys("y")
    wait(lambda s: "EXITED" in s, "exit")
    tmux("kill-server")
    print(ch, "done", flush=True)

for ch in sys.argv[3:]:
    run(ch, sys.argv[2])
