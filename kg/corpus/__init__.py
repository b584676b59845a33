"""Running kg over a corpus: reading inputs (:mod:`kg.corpus.inputs`), building a graph or a
store in one process (:mod:`kg.corpus.engine`) or several (:mod:`kg.corpus.distributed`),
progress reports and files written whole (:mod:`kg.corpus.progress`, :mod:`kg.corpus.atomic`)."""
