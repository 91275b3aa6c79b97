"""Fill Spanish translations from a JSON map {msgid: msgstr} into the catalog (a maintainer's aid:
`python scripts/translate.py map.json`). Clears the fuzzy flag of each entry it fills."""

import json
import sys
from pathlib import Path

import polib

catalog = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"
mapping = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
po = polib.pofile(str(catalog))
for entry in po:
    if entry.msgid in mapping:
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: value[0], 1: value[1]}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = None
po.save()
missing = [e.msgid for e in po if not e.translated() or "fuzzy" in e.flags]
print("untranslated:", missing or "none")
