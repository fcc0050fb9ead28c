"""How much a task's majority-class test accuracy depends on the draw of its group split.

Reads a classification task's examples, all three splits, as the JSON lines `graft data show` prints, checks
that they carry Graft's split (MD5 of the group key, first four bytes big-endian, mod 100: 0-79 train, 80-89
dev, 90-99 test), then draws the split again N times with the same rule on "SALT#GROUP" for SALT = 0..N-1 and
reports the spread of the majority-class (from train) test accuracy. The shipped split is not changed.

    for s in train dev test; do graft data show pydoc_section --split $s --n 1000000; done \\
        | python3 scripts/data/split_redraws.py [--draws 1000] [--near 0.103]

Python 3 standard library only.
"""
import argparse
import collections
import hashlib
import json
import sys

SPLITS = ("TRAIN", "DEV", "TEST")


def split_of(key):
    bucket = int.from_bytes(hashlib.md5(key.encode("utf-8")).digest()[:4], "big") % 100
    return SPLITS[0] if bucket < 80 else SPLITS[1] if bucket < 90 else SPLITS[2]


def majority_accuracy(groups, split):
    train, test = collections.Counter(), collections.Counter()
    for group, labels in groups.items():
        s = split(group)
        if s == "TRAIN":
            train.update(labels)
        elif s == "TEST":
            test.update(labels)
    majority = max(sorted(train), key=lambda label: train[label])
    return test[majority] / sum(test.values())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--draws", type=int, default=1000, help="how many salted re-draws (default 1000)")
    ap.add_argument("--near", type=float, help="also count the draws within one point of this accuracy")
    args = ap.parse_args()
    examples = [json.loads(line) for line in sys.stdin if line.strip()]
    if not examples:
        sys.exit("split_redraws.py: no examples on standard input (pipe 'graft data show TASK --split ...')")
    groups = collections.defaultdict(list)
    for e in examples:
        if split_of(e["group"]) != e["split"]:
            sys.exit(f"split_redraws.py: example {e['id']} is in {e['split']}, but its group "
                     f"{e['group']!r} hashes to {split_of(e['group'])}")
        groups[e["group"]].append(e["label"])
    shipped = majority_accuracy(groups, split_of)
    accs = sorted(majority_accuracy(groups, lambda g, salt=salt: split_of(f"{salt}#{g}"))
                  for salt in range(args.draws))

    def pct(p):
        return accs[min(len(accs) - 1, int(p * len(accs)))]

    print(f"{len(examples)} examples in {len(groups)} groups; shipped split: majority accuracy {shipped:.3f}")
    print(f"{args.draws} re-draws: min {accs[0]:.3f}, 5% {pct(0.05):.3f}, median {pct(0.5):.3f}, "
          f"95% {pct(0.95):.3f}, max {accs[-1]:.3f}")
    if args.near is not None:
        below = sum(a < args.near for a in accs)
        near = sum(abs(a - args.near) <= 0.01 for a in accs)
        print(f"{args.near:.3f}: {below} draws below it, {near} within one point of it")


if __name__ == "__main__":
    main()
