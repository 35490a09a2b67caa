"""Full-text search behind one seam (issue 15).

engine.py        the SearchEngine protocol, plain result types, the query syntax check and query tree, the
                 search deadline, and highlight spans from our analyzer (analysis.py): every engine alike
analysis.py      our text analysis, plain Python: tokens, word shapes, stop words, folding, stemming
                 (_porter.py and _accents.py, vendored from Whoosh)
whoosh_engine.py the local engine (Whoosh); _whoosh_speed.py its private speed-ups on Whoosh internals
"""
