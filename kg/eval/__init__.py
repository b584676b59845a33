"""Scorers for Open IE benchmarks, written for kg: :mod:`kg.eval.carb` (CaRB) and
:mod:`kg.eval.benchie` (BenchIE, with compact facts)."""
