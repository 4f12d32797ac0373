# debugging aid: print axe details for the contrast failures
import json
from axe_playwright_python.sync_playwright import Axe
def details(page):
    r = Axe().run(page).response
    for v in r["violations"]:
        if v["impact"] in ("serious", "critical"):
            for n in v["nodes"][:4]:
                print(v["id"], n["target"], n.get("html","")[:200], n.get("failureSummary","")[:600].replace("\n"," | "))
