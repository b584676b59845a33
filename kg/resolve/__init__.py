"""The resolve stage: one canonical entity per real-world actor.

* :mod:`kg.resolve.document`: inside a document (names, descriptions, pronouns, appositions,
  groups, affiliations), :class:`~kg.resolve.document.DocumentResolver`;
* :mod:`kg.resolve.merge`: across documents (merge keys and rules, the corpus view of a triple).
"""
