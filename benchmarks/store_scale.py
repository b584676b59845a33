"""A corpus store at archive scale: 100,000 documents, over 2,000,000 triples.

Usage:
    python benchmarks/store_scale.py [--docs 100000] [--triples 21] [--keep PATH] [--reuse PATH]

The documents are analysis results made up by this script (no parsing), with names spread as in
news: a few thousand hub entities (people, organisations, countries) mentioned in many documents,
many rare people, surnames alone that join a full name in other documents, acronyms beside their
organisations, plain phrases ("the talks"), membership edges and document dates. They are
written through the store's own writing path (``Store.add_results``, 1,000 documents per
transaction; ``kg build`` commits 64 at a time), so the store is what kg itself writes. The
store lives in a temporary directory, or at ``--keep PATH``; ``--reuse PATH`` measures a store
made before.

Prints the file size, the time to open the store, ``query`` by entity, ``neighbors``, ``path``
between two hubs, the page of the 500 most connected entities (``kg html STORE --top 500``), the
``kg serve`` server's answers (its page, the neighbourhood of the biggest hub and of an ordinary
person, search, a page of evidence) and its peak memory, and adding one new real document (parse
included), each beside its target.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from query_speed import timed  # noqa: E402  (median and 95th percentile in ms)

SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "sa", "ber", "lin", "dor", "an", "el", "gus", "ha", "ji", "ko", "mar", "ne",
             "os", "pe", "qui", "ru", "sto", "ta", "ul", "vik", "wen", "xa", "yo", "zed"]
RELATIONS = [("meet", "neutral"), ("visit", "material cooperation"), ("praise", "verbal cooperation"), ("criticise", "verbal conflict"),
             ("accuse", "verbal conflict"), ("sanction", "material conflict"), ("threaten", "verbal conflict"), ("support", "verbal cooperation"),
             ("sign", "material cooperation"), ("call", "neutral"), ("say", None), ("announce", None), ("hold", None), ("discuss", None)]
PHRASES = ["the talks", "a deal", "officials", "the agreement", "reporters", "the plan", "the budget", "new measures", "the vote", "the report"]
ORG_WORDS = ["Ministry", "Bank", "Agency", "Council", "Union", "Party", "Commission", "Fund", "Court", "Institute"]


def word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


class Names:
    """Hubs (weighted by rank) and an endless supply of rare people."""

    def __init__(self, rng: random.Random, hubs: int) -> None:
        self.rng = rng
        surnames = list(dict.fromkeys(word(rng, 3) for _ in range(hubs * 3)))
        firsts = list(dict.fromkeys(word(rng, 2) for _ in range(400)))
        self.firsts = firsts
        self.rare_surnames = list(dict.fromkeys(word(rng, 3) + word(rng, 1).lower() for _ in range(40_000)))
        self.hubs: list[tuple[str, str, tuple[str, ...]]] = []  # (name, type, aliases)
        n_people, n_orgs = hubs * 2 // 3, hubs // 4
        for i in range(n_people):
            self.hubs.append((f"{firsts[i % len(firsts)]} {surnames[i]}", "PERSON", (surnames[i],)))
        for i in range(n_orgs):
            a, b = word(rng, 2), word(rng, 2)
            name = f"{a} {b} {ORG_WORDS[i % len(ORG_WORDS)]}"
            acronym = (a[0] + b[0] + ORG_WORDS[i % len(ORG_WORDS)][0]).upper()
            self.hubs.append((name, "ORG", (acronym,)))
        for _ in range(hubs - n_people - n_orgs):
            self.hubs.append((word(rng, 3), "GPE", ()))
        weights = [1.0 / (k + 1) ** 0.9 for k in range(len(self.hubs))]
        total = sum(weights)
        self.cumulative = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cumulative.append(acc)

    def hub(self) -> tuple[str, str, tuple[str, ...]]:
        import bisect

        return self.hubs[min(bisect.bisect_left(self.cumulative, self.rng.random()), len(self.hubs) - 1)]

    def rare(self) -> tuple[str, str, tuple[str, ...]]:
        return (f"{self.rng.choice(self.firsts)} {self.rng.choice(self.rare_surnames)}", "PERSON", ())


def documents(n: int, per_doc: int, seed: int = 11):
    """Yield ``n`` DocResults of about ``per_doc`` triples each."""
    from kg.analysis import DocResult
    from kg.model import AFFILIATION, Entity, Evidence, Mention, Triple

    rng = random.Random(seed)
    names = Names(rng, 3000)
    for d in range(n):
        doc_id = f"archive-{d:06d}"
        year = 2000 + d * 20 // max(n, 1)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        people = {names.hub() for _ in range(3)} | {names.rare() for _ in range(4)}
        chosen = sorted(people)
        sentences = [
            Evidence(doc_id, f"Sentence {k} of {doc_id}, in which something is said about the people it names.", k * 120, k * 120 + 80)
            for k in range(14)
        ]
        entities = []
        mentioned: list[tuple[str, str]] = []  # (name as the document calls it, type)
        for k, (name, typ, aliases) in enumerate(chosen):
            written = name
            if typ == "PERSON" and aliases and rng.random() < 0.3:
                written = aliases[0]  # only the surname in this document: it joins the full name elsewhere
            elif typ == "ORG" and aliases and rng.random() < 0.2:
                written = aliases[0]  # only the acronym
            forms = [(written, 1 + rng.randint(0, 2))]
            if written == name and aliases and rng.random() < 0.5:
                forms.append((aliases[0], 1))
            mentions = tuple(
                Mention(text, sentences[(k + j) % 14].start + 5, sentences[(k + j) % 14].start + 5 + len(text), sentences[(k + j) % 14])
                for j, (text, c) in enumerate(forms)
                for _ in range(c)
            )
            entities.append(Entity(written, typ, tuple(sorted(forms, key=lambda x: (-x[1], x[0]))), (), None, mentions))
            mentioned.append((written, typ))
        triples = []
        for k in range(per_doc):
            (s, st) = rng.choice(mentioned)
            ev = sentences[k % 14]
            if k == per_doc - 1 and st == "PERSON":
                o, ot = rng.choice([n for n in mentioned if n[1] == "GPE"] or [("Norway", "GPE")])
                triples.append(Triple(s, AFFILIATION, o, s, "of", o, st, ot, ev, confidence=0.8, pattern="affiliation", date=date, date_source="document"))
                continue
            rel, cls = rng.choice(RELATIONS)
            if rng.random() < 0.25:
                o, ot = rng.choice(PHRASES), None
                cls = None
            else:
                o, ot = rng.choice(mentioned)
                if o == s:
                    o, ot = rng.choice(PHRASES), None
                    cls = None
            triples.append(
                Triple(s, rel, o, s, rel + "ed", o, st, ot, ev, confidence=round(rng.random(), 3), interaction=cls,
                       intensity=None if cls is None else 1.0, pattern="svo", date=date, date_source="document")
            )
        yield DocResult(doc_id, tuple(triples), tuple(entities), (), words=400, meta={"date": date, "title": f"Story {d}"})


def fill(path: Path, n: int, per_doc: int) -> tuple[float, int]:
    import kg

    start = time.perf_counter()
    done = 0
    step = max(n // 20, 1000)

    def counted():
        nonlocal done
        for r in documents(n, per_doc):
            done += 1
            if done % step == 0:
                el = time.perf_counter() - start
                print(f"  filled {done:,} documents in {el:,.0f} s ({done / el:,.0f} documents/s)", flush=True)
            yield r

    with kg.open(path, write=True) as store:
        store.add_results(counted(), batch_docs=1000)
    return time.perf_counter() - start, done


def _kg(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *args], env={**os.environ, "PYTHONPATH": str(ROOT)}, **kw)


def page_and_server(path: Path, tmp: Path, hub: str, person: str) -> None:
    """The page of the 500 most connected entities, and kg serve on the store."""
    page = tmp / "top500.html"
    t0 = time.perf_counter()
    proc = _kg("html", str(path), "--top", "500", "-o", str(page), stderr=subprocess.PIPE, text=True)
    _, err = proc.communicate()
    took = time.perf_counter() - t0
    wrote = re.search(r"\((\d+ nodes, \d+ edges)\)", err)
    print(f"kg html STORE --top 500, the whole command: {took:.2f} s   (target < 5 s)  "
          f"{wrote.group(1) if wrote else err.strip()}; page {page.stat().st_size / 1e6:.1f} MB")

    t0 = time.perf_counter()
    server = _kg("serve", str(path), "--port", "0", stderr=subprocess.PIPE, text=True)
    port = None
    while port is None:
        line = server.stderr.readline()
        if not line:
            raise SystemExit(f"store_scale: kg serve did not start ({server.wait()})")
        m = re.search(r"at http://127\.0\.0\.1:(\d+)/", line)
        port = int(m.group(1)) if m else None
    print(f"kg serve: ready in {time.perf_counter() - t0:.2f} s (the first page of the 100 most connected entities read)")

    def get(target: str) -> tuple[float, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start = time.perf_counter()
        conn.request("GET", target)
        r = conn.getresponse()
        body = r.read()
        conn.close()
        if r.status != 200:
            raise SystemExit(f"store_scale: {target[:80]} answered {r.status}: {body[:200]!r}")
        return (time.perf_counter() - start) * 1000, body

    try:
        ms, body = get("/")
        shown = json.loads(re.search(rb'id="kg-data">(.*?)</script>', body, re.S).group(1))
        known = [n["name"] for n in shown["nodes"]]
        print(f"  {'GET / (the page, read once, then cached)':52} {ms:8.1f} ms   ({len(body) / 1e6:.1f} MB, {len(known)} nodes)")
        rows = [
            ("neighbours of the biggest hub (50, and the page's)", f"/api/neighbors?{urlencode({'name': hub, 'known': known}, doseq=True)}", "< 1 s"),
            ("neighbours of a person", f"/api/neighbors?{urlencode({'name': person, 'known': known}, doseq=True)}", "< 1 s"),
            ("search (a prefix)", f"/api/search?{urlencode({'q': hub[:4]})}", "< 0.5 s"),
            ("evidence of the biggest hub (20, from the 1,000th)", f"/api/evidence?{urlencode({'name': hub, 'offset': 1000})}", "< 0.5 s"),
        ]
        for label, target, goal in rows:
            times = []
            for _ in range(5):
                ms, body = get(target)
                times.append(ms)
            print(f"  {label:52} median {statistics.median(times):8.1f} ms  max {max(times):8.1f} ms   (target {goal}; {len(body) / 1e3:,.0f} kB)")
        peak = _peak_rss(server.pid)
        print(f"  kg serve peak memory (RSS): {peak / 1e6:,.0f} MB   (target < 500 MB)" if peak else "  kg serve peak memory: not readable here (/proc)")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)
        server.stderr.close()
    print(f"  stopped by SIGINT: exit status {server.returncode}")


def _peak_rss(pid: int) -> int | None:
    """The peak resident set size of a process, in bytes (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--triples", type=int, default=21, help="triples per document")
    ap.add_argument("--keep", type=Path, help="write the store here and keep it")
    ap.add_argument("--reuse", type=Path, help="measure this store (made by an earlier run) instead of filling one")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import kg

    with tempfile.TemporaryDirectory(prefix="kg-store-scale-") as tmp:
        path = args.reuse or args.keep or Path(tmp) / "archive.kgdb"
        if args.reuse is None:
            if path.exists():
                raise SystemExit(f"store_scale: {path} exists; remove it or measure it with --reuse {path}")
            print(f"filling {path} with {args.docs:,} documents of {args.triples} triples (Store.add_results, 1,000 documents a transaction)")
            seconds, n = fill(path, args.docs, args.triples)
            print(f"filled in {seconds:,.0f} s: {n / seconds:,.0f} documents/s")
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
        t0 = time.perf_counter()
        store = kg.open(path)
        opened = time.perf_counter() - t0
        stats_start = time.perf_counter()
        db = store._db
        docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        triples = db.execute("SELECT count(*) FROM triples").fetchone()[0]
        entities = db.execute("SELECT count(*) FROM entities").fetchone()[0]
        edges = db.execute("SELECT count(*) FROM edges").fetchone()[0]
        counted = time.perf_counter() - stats_start
        print(f"store: {docs:,} documents, {triples:,} triples, {entities:,} entities, {edges:,} edges (counted in {counted:.1f} s)")
        print(f"file size: {size / 1e6:,.0f} MB ({size / max(docs, 1) / 1e3:.1f} kB a document)")
        print(f"open: {opened * 1000:.1f} ms   (target < 1 s)")

        rng = random.Random(5)
        hubs = [r[0] for r in db.execute("SELECT subject, count(*) c FROM edges GROUP BY subject ORDER BY c DESC LIMIT 40")]
        people = [r[0] for r in db.execute("SELECT name FROM entities WHERE type = 'PERSON' ORDER BY random() LIMIT 200")]
        hub_sizes = {h: db.execute("SELECT count(*) FROM triples WHERE subject = ?", (h,)).fetchone()[0] for h in hubs[:3]}
        print(f"hubs: {', '.join(f'{h} ({n:,} triples as subject)' for h, n in hub_sizes.items())}")
        rows = [
            ("query(subject=a person), all triples", lambda n: store.query(subject=n), [(p,) for p in people]),
            ("query(subject=a hub, limit=100)", lambda n: store.query(subject=n, limit=100), [(h,) for h in hubs]),
            ("query(subject=a hub, relation=...)", lambda n: store.query(subject=n, relation="sanction", limit=100), [(h,) for h in hubs]),
            ("neighbors(a person)", lambda n: store.neighbors(n), [(p,) for p in people]),
            ("neighbors(a hub)", lambda n: store.neighbors(n), [(h,) for h in hubs]),
            ("entity(a person)", lambda n: store.entity(n), [(p,) for p in people[:50]]),
        ]
        for label, fn, arglist in rows:
            median, p95 = timed(fn, arglist)
            print(f"  {label:38} median {median:8.2f} ms  95th pct {p95:8.2f} ms   (target < 50 ms)")
        pairs = [(a, b) for a, b in (rng.sample(hubs, 2) for _ in range(20))]
        median, p95 = timed(lambda a, b: store.path(a, b), pairs)
        print(f"  {'path(hub, hub)':38} median {median:8.2f} ms  95th pct {p95:8.2f} ms   (target < 1 s)")
        far = [(a, b) for a, b in (rng.sample(people, 2) for _ in range(20))]
        median, p95 = timed(lambda a, b: store.path(a, b), far)
        print(f"  {'path(person, person)':38} median {median:8.2f} ms  95th pct {p95:8.2f} ms   (target < 1 s)")
        t0 = time.perf_counter()
        full = store.query(subject=hubs[0])
        print(f"  (the biggest hub's every triple: {len(full):,} triples in {time.perf_counter() - t0:.2f} s)")
        store.close()

        page_and_server(path, Path(tmp), hubs[0], people[0])

        # one new real document, parse included
        text_path = Path("/work/shared/corpora/wikinews/docs.jsonl")
        if text_path.exists():
            first = json.loads(text_path.read_text(encoding="utf-8").splitlines()[0])
            text = first["text"]
        else:
            text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
        nlp = kg.load_pipeline()
        nlp("Warm up.")
        t0 = time.perf_counter()
        with kg.open(path, write=True) as s:
            report = s.update([("today-0001", text)], nlp=nlp)
        added = time.perf_counter() - t0
        print(f"add one new document ({len(text.split()):,} words, parse included, pipeline loaded): {added:.2f} s   (target < 3 s)  {report.added}")
        doc = Path(tmp) / "today-0002.txt"
        doc.write_text(text.replace("2009", "2010"), encoding="utf-8")
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(doc), "--into", str(path), "-q"], capture_output=True, text=True,
                             env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        print(f"kg build today.txt --into STORE, the whole command (model loading included): {time.perf_counter() - t0:.2f} s  "
              f"{out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
