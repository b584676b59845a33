"""The render stage: the interactive page of a graph.

* :mod:`kg.render.page`: the self-contained HTML page (vis-network inlined, works offline);
* :mod:`kg.render.pages`: which part of a graph or store a page draws (``--top``, ``--around``);
* :mod:`kg.render.serve`: ``kg serve``, a read-only local server for a store's live page.
"""
