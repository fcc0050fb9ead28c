"""Selects the small, self-consistent subset of the bundle that the unit tests use (a few hundred kB).

Deterministic: every choice is a fixed list or a hash of the item's key."""
import hashlib
import json


def keep(key, modulus):
    return int(hashlib.md5(key.encode("utf-8")).hexdigest()[:8], 16) % modulus == 0


# Countries of two regions, with borders among them, for the Factbook sets.
COUNTRIES = {"fr", "gm", "sz", "au", "it", "be", "nl", "lu", "sp", "po", "ls", "ez", "pl", "da",
             "ag", "mo", "ly", "tu", "eg"}
PYDOC_FILES = {"faq/general", "faq/design", "tutorial/introduction", "tutorial/classes", "howto/sorting",
               "howto/logging", "library/json", "library/os.path", "library/functools", "reference/datamodel",
               "whatsnew/3.11", "c-api/list", "extending/newtypes", "using/cmdline", "library/itertools"}


def select(syn_lines, ptr_lines, verses, devil, jargon, paras, faq, kb, fields):
    by_id = {l.split("\t", 1)[0]: l for l in syn_lines}
    parents = {}
    children = {}
    for l in ptr_lines:
        h, rel, t = l.split("\t")[:3]
        if rel in ("hypernym", "instance_hypernym"):
            parents.setdefault(h, []).append(t)
            children.setdefault(t, []).append(h)
    chosen = set()
    for sid in sorted(by_id):
        if keep(sid, 120):
            chosen.add(sid)
            for p in parents.get(sid, []):
                chosen.add(p)
                for sib in sorted(children.get(p, []))[:5]:
                    chosen.add(sib)
    syn = [by_id[s] for s in sorted(chosen)]
    ptr = [l for l in ptr_lines if l.split("\t")[0] in chosen and l.split("\t")[2] in chosen]
    kb_obj = json.loads("\n".join(kb))
    kb_obj["entries"] = [e for e in kb_obj["entries"] if e["code"] in COUNTRIES]
    kb_sub = json.dumps(kb_obj, ensure_ascii=False, sort_keys=True, indent=0).split("\n")
    return (syn, ptr, verses[:400],
            [l for l in devil if keep(l.split("\t")[0], 10)],
            [l for l in jargon if keep(l.split("\t")[0], 10)],
            [l for l in paras if l.split("\t")[0] in PYDOC_FILES],
            [l for l in faq if json.loads(l)["file"] in PYDOC_FILES],
            kb_sub,
            [l for l in fields if l.split("\t")[0] in COUNTRIES
             and l.split("\t")[1] in ("Introduction", "Geography", "Government")])
