"""The graph stage: what the resolved triples of a corpus become, and how it is asked.

* :mod:`kg.graph.graph`: the in-memory graph, :class:`~kg.graph.graph.KnowledgeGraph`
  (networkx), saved as JSON;
* :mod:`kg.graph.store`: the SQLite store that grows document by document,
  :class:`~kg.graph.store.Store`, with the same query methods;
* :mod:`kg.graph.query`: the query rules both share;
* :mod:`kg.graph.exports`: CSV, GraphML, GEXF, RDF and other exports.
"""
