"""Reads an EDF+ file with MNE (Debian python3-mne) and prints what it found as one JSON object:
channel names, sampling rate, duration and annotations. Used by export_test.cpp to check the
EDF+ export through a second, independent reader. Exit code 3: MNE cannot be imported."""
import json
import sys

try:
    import mne
except ImportError as error:
    print(f"cannot import mne: {error}", file=sys.stderr)
    sys.exit(3)

raw = mne.io.read_raw_edf(sys.argv[1], preload=False, verbose="error")
print(json.dumps({
    "mne_version": mne.__version__,
    "ch_names": list(raw.ch_names),
    "sfreq": float(raw.info["sfreq"]),
    "duration_s": float(raw.n_times) / float(raw.info["sfreq"]),
    "annotations": [{"onset_s": float(a["onset"]), "duration_s": float(a["duration"]),
                     "text": str(a["description"])} for a in raw.annotations],
}))
