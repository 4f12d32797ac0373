"""The importer benchmark: generated CPU files, our pipeline stage by stage, a naive baseline.

Entry point: ``python -m bench.run_benchmark`` (see its docstring).
"""
