"""How similar are SaudiNewsNet's candidate copies? The measurement behind COPY_THRESHOLD.

    python -m akhbar.stories.measure_copies ZIP [ZIP ...]

Reads the JSON records of the zips, finds candidate pairs with loose LSH bands (16 x 4: pairs
down to a Jaccard of ~0.2 are found), and prints, per tenth of exact Jaccard similarity of the
bodies' shingles, how many pairs of different bodies fall there, with a few titles to read.
"""

from __future__ import annotations

import json
import sys
import zipfile
from collections import Counter, defaultdict

from akhbar.stories.copies import body_words, jaccard, shingle_hashes, signature
from akhbar.text.search_keys import search_key

LOOSE_BANDS, LOOSE_ROWS = 16, 4
BUCKET_LIMIT = 200
EXAMPLES = 3


def main(paths: list[str]) -> int:
    records = []
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(".json"):
                    records.extend(json.loads(archive.read(name)))
    sets = [shingle_hashes(body_words(search_key(r.get("content") or ""))) for r in records]
    buckets = defaultdict(list)
    for i, s in enumerate(sets):
        sig = signature(s)
        if sig is not None:
            for band in range(LOOSE_BANDS):
                buckets[(band, sig[band * LOOSE_ROWS : (band + 1) * LOOSE_ROWS].tobytes())].append(i)
    pairs = {(a, b) for members in buckets.values() if 1 < len(members) < BUCKET_LIMIT
             for k, a in enumerate(members) for b in members[k + 1 :]}
    by_tenth, examples = Counter(), defaultdict(list)
    for a, b in sorted(pairs):
        if records[a].get("content") == records[b].get("content"):
            continue
        tenth = min(int(jaccard(sets[a].tolist(), sets[b].tolist()) * 10), 9)
        by_tenth[tenth] += 1
        if len(examples[tenth]) < EXAMPLES:
            examples[tenth].append((records[a]["title"], records[b]["title"]))
    print(json.dumps({"records": len(records), "pairs_by_jaccard_tenth": {f"{t / 10:.1f}": by_tenth[t] for t in sorted(by_tenth)}}))
    for tenth in sorted(examples):
        for a, b in examples[tenth]:
            print(f"{tenth / 10:.1f}\t{a}\t{b}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
