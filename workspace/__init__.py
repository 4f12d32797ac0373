"""The reference workspace: web pages over the importer's services, mounted at /workspace by `importer serve`.

Built with NiceGUI on the API's own FastAPI app (`workspace.mount.mount_workspace`),
so `importer serve` starts both with one command and one settings object; NiceGUI
ships its JavaScript (Vue, Quasar, AG Grid) in its wheel, so nothing is fetched at
run time and there is no Node build step. Pages are small functions under
`workspace/pages/`, registered in `workspace.pages.PAGES`; each calls one service
and shows its result, or its refusal as a sentence. No business rule lives here.
"""
