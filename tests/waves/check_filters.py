#!/usr/bin/env python3
"""Checks that a GTKWave save file's translate filters loaded and answered.

Inputs: the .gtkw, the FST it was opened with, GTKWave's console output, and the dump
written by dump_traces.tcl (every trace's flags and, at regular times, the value shown
for each translated or enum trace). Checks:
  - GTKWave reported no filter it could not open or start;
  - every signal of the .gtkw is in the waveform (except --optional ones) and carries
    the filter the .gtkw gives it;
  - at every sample time the text GTKWave shows equals the filter applied to the value in
    the FST (read independently with fst2vcd): table lookup for filter files, the PTE
    decoder for the filter process; enum traces show a state name;
  - every filter was used and the PTE filter decoded at least one non-zero PTE.
Exit status 0 when all hold, 1 otherwise (each failure on one line).

Also a small library for test_filters_unit.py: parse_gtkw, load_table, pte_decode.
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TR_BLANK, TR_FTRANSLATED, TR_PTRANSLATED, TR_ENUM = 0x200, 0x2000, 0x4000, 1 << 32


def pte_decode_module():
    path = os.path.join(REPO, "waves", "filters", "pte_decode.py")
    spec = importlib.util.spec_from_file_location("pte_decode", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_table(path):
    """A GTKWave filter file as GTKWave reads it: first word -> rest of the line (trimmed),
    '#' lines ignored, first definition wins, keys compared case-insensitively."""
    table = {}
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            parts = s.split(None, 1)
            if len(parts) == 2:
                table.setdefault(parts[0].upper(), parts[1].strip())
    return table


def parse_gtkw(path):
    """The .gtkw as GTKWave's parser sees it. Returns (savefile, signals, filters): savefile
    the [savefile] name (or None), signals a list of dicts (name, flags, file, proc: the
    filter paths as written, or None), filters every ^ line as (kind, path, line number,
    savefile seen before it)."""
    savefile, flags, cur_file, cur_proc = None, 0x20, None, None
    signals, filters = [], []
    with open(path) as f:
        for no, raw in enumerate(f, 1):
            s = raw.strip()
            if not s:
                continue
            m = re.match(r'\[savefile\]\s*"(.*)"', s)
            if m:
                savefile = m.group(1)
            elif s.startswith("["):
                pass
            elif s.startswith("@"):
                flags = int(s[1:], 16)
            elif s.startswith("^>"):
                m = re.match(r"\^>(\S+)\s*(.*)", s)
                cur_proc = None if m.group(1) == "0" else m.group(2).strip()
                if cur_proc:
                    filters.append(("proc", cur_proc, no, savefile is not None))
            elif s.startswith("^"):
                m = re.match(r"\^(\S+)\s*(.*)", s)
                cur_file = None if m.group(1) == "0" else m.group(2).strip()
                if cur_file:
                    filters.append(("file", cur_file, no, savefile is not None))
            elif s[0] in "-*":
                pass
            else:
                signals.append({
                    "name": s, "flags": flags, "line": no,
                    "file": cur_file if flags & TR_FTRANSLATED else None,
                    "proc": cur_proc if flags & TR_PTRANSLATED and not flags & TR_FTRANSLATED else None})
    return savefile, signals, filters


def resolve_filter(gtkw, savefile, name):
    """Where GTKWave looks for a filter: relative to the directory of the save file as
    recorded in [savefile], re-rooted at the save file actually opened."""
    if savefile is None:
        return os.path.abspath(name)
    rel = os.path.relpath(name, os.path.dirname(savefile) or ".")
    return os.path.normpath(os.path.join(os.path.dirname(os.path.realpath(gtkw)), rel))


def read_vcd(fst, wanted):
    """Value changes of the wanted signals (full names with range) from fst2vcd:
    {name: (width, [(time, value or None for x/z)])}."""
    text = subprocess.run(["fst2vcd", fst], check=True, capture_output=True, text=True).stdout
    scope, ids, out, t = [], {}, {}, 0
    it = iter(text.splitlines())
    for line in it:
        w = line.split()
        if not w:
            continue
        if w[0] == "$scope":
            scope.append(w[2])
        elif w[0] == "$upscope":
            scope.pop()
        elif w[0] == "$var":
            width, code, name = int(w[2]), w[3], w[4]
            rng = w[5] if len(w) > 6 and w[5].startswith("[") else ""
            full = ".".join(scope + [name]) + rng
            if full in wanted:
                ids.setdefault(code, []).append(full)
                out[full] = (width, [])
        elif w[0].startswith("#"):
            t = int(w[0][1:])
        elif w[0][0] in "bB" and len(w) == 2:
            for full in ids.get(w[1], []):
                bits = w[0][1:]
                out[full][1].append((t, int(bits, 2) if re.fullmatch("[01]+", bits) else None))
        elif w[0][0] in "01xXzZ" and len(w) == 1 and w[0][1:] in ids:
            for full in ids[w[0][1:]]:
                out[full][1].append((t, int(w[0][0]) if w[0][0] in "01" else None))
    return out


def value_at(changes, t):
    """(value, True) at time t; (None, False) when a change happens exactly at t."""
    v = None
    for ct, cv in changes:
        if ct == t:
            return None, False
        if ct > t:
            break
        v = cv
    return v, True


def gtkwave_hex(value, width):
    return "%0*X" % ((width + 3) // 4, value)


def sample_times(gtkw, fst, limit):
    """Times at which to read the waveform: just after a change of a translated signal
    (off the clock edges), first every distinct value of every translated signal, then
    changes spread over the run, at most `limit`."""
    _, signals, _ = parse_gtkw(gtkw)
    vcd = read_vcd(fst, {s["name"] for s in signals if s["file"] or s["proc"]})
    first, every = {}, set()
    for name, (_, changes) in sorted(vcd.items()):
        for t, v in changes:
            first.setdefault((name, v), t + 2)
            every.add(t + 2)
    times = set(first.values())
    rest = sorted(every - times)
    room = max(0, limit - len(times))
    if rest and room:
        times.update(rest[i * len(rest) // room] for i in range(min(room, len(rest))))
    return sorted(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gtkw", required=True)
    ap.add_argument("--fst", required=True)
    ap.add_argument("--times", type=int, metavar="N",
                    help="only print up to N sample times for dump_traces.tcl, then exit")
    ap.add_argument("--dump", help="written by dump_traces.tcl")
    ap.add_argument("--log", help="GTKWave's stdout and stderr")
    ap.add_argument("--optional", action="append", default=[],
                    help="a signal of the .gtkw that may be absent from the waveform")
    a = ap.parse_args()
    if a.times:
        print("\n".join(str(t) for t in sample_times(a.gtkw, a.fst, a.times)))
        return 0
    if not a.dump or not a.log:
        ap.error("--dump and --log are required (or --times)")
    errors = []
    label = os.path.basename(a.gtkw)

    log = open(a.log, errors="replace").read()
    for msg in ("Could not open filter file", "Could not find filter process",
                "Error opening save file"):
        if msg in log:
            errors.append("GTKWave: " + msg)

    savefile, signals, filters = parse_gtkw(a.gtkw)
    tables, pte = {}, pte_decode_module()
    for kind, name, no, after_savefile in filters:
        if os.path.isabs(name):
            errors.append("%s:%d: filter path %s is absolute" % (label, no, name))
        if not after_savefile:
            errors.append("%s:%d: filter before the [savefile] line (found relative to the cwd)"
                          % (label, no))
        path = resolve_filter(a.gtkw, savefile, name)
        if not os.path.isfile(path):
            errors.append("%s:%d: filter %s not found at %s" % (label, no, name, path))
        elif kind == "file":
            tables[name] = load_table(path)
        elif not os.access(path, os.X_OK):
            errors.append("%s:%d: filter process %s is not executable" % (label, no, path))

    traces, samples, values = [], [], {}
    for line in open(a.dump, errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("TRACE "):
            _, idx, flags, name = line.split(" ", 3)
            traces.append((int(idx), int(flags), name))
        elif line.startswith("T "):
            samples.append(int(line[2:]))
        elif line.startswith("V "):
            _, idx, text = (line.split(" ", 2) + [""])[:3]
            values.setdefault(int(idx), []).append((samples[-1], text))

    # The .gtkw's signals, in order, against GTKWave's traces (named by their leaf name).
    real = [t for t in traces if not t[1] & TR_BLANK]
    pos, matched = 0, []
    for sig in signals:
        leaf = sig["name"].rsplit(".", 1)[-1]
        k = next((k for k in range(pos, len(real)) if real[k][2] == leaf), None)
        if k is None:
            if sig["name"] not in a.optional:
                errors.append("%s:%d: %s is not in the waveform" % (label, sig["line"], sig["name"]))
            continue
        pos = k + 1
        matched.append((sig, real[k]))

    wanted = {sig["name"] for sig, _ in matched if sig["file"] or sig["proc"]}
    vcd = read_vcd(a.fst, wanted)
    used, checked, shown_texts = set(), 0, {}
    for sig, (idx, flags, _) in matched:
        want = TR_FTRANSLATED if sig["file"] else TR_PTRANSLATED if sig["proc"] else 0
        if flags & (TR_FTRANSLATED | TR_PTRANSLATED) != want:
            errors.append("%s: GTKWave flags 0x%x, the .gtkw asks for 0x%x"
                          % (sig["name"], flags, want))
        if sig["flags"] & TR_ENUM:
            for t, text in values.get(idx, []):
                if not re.fullmatch(r"[A-Za-z_]\w*", text):
                    errors.append("%s at %d: shows %r, not a state name" % (sig["name"], t, text))
                    break
            continue
        if not want:
            continue
        if sig["name"] not in vcd:
            errors.append("%s: not found by fst2vcd" % sig["name"])
            continue
        width, changes = vcd[sig["name"]]
        used.add(sig["file"] or sig["proc"])
        bad = 0
        for t, text in values.get(idx, []):
            v, ok = value_at(changes, t)
            if not ok or v is None:
                continue
            raw = gtkwave_hex(v, width)
            if sig["file"]:
                expect = tables.get(sig["file"], {}).get(raw.upper(), raw)
            else:
                expect = pte.decode(raw)
            checked += 1
            shown_texts.setdefault(sig["file"] or sig["proc"], set()).add(text)
            if text != expect:
                bad += 1
                if bad <= 3:
                    errors.append("%s at %d: value 0x%s shown as %r, expected %r"
                                  % (sig["name"], t, raw, text, expect))
        if not values.get(idx):
            errors.append("%s: no values dumped" % sig["name"])

    for kind, name, no, _ in filters:
        if name not in used:
            errors.append("%s:%d: filter %s is used by no signal in the waveform" % (label, no, name))
    ptes = {s for s in shown_texts.get(next((n for k, n, _, _ in filters if k == "proc"), ""), set())
            if s != "0"}
    if any(k == "proc" for k, _, _, _ in filters) and not ptes:
        errors.append("the PTE filter decoded no non-zero PTE in this waveform")

    for e in errors:
        print("FAIL: " + e)
    print("%s: %d filter files, %d filter processes; %d translated traces; %d values checked "
          "over %d sample times" % (label, len({n for k, n, _, _ in filters if k == "file"}),
                                    len({n for k, n, _, _ in filters if k == "proc"}),
                                    sum(1 for s, _ in matched if s["file"] or s["proc"]),
                                    checked, len(samples)))
    for name in sorted(shown_texts):
        texts = sorted(shown_texts[name])
        print("  %s: %s%s" % (name, "; ".join(texts[:6]), " ..." if len(texts) > 6 else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
