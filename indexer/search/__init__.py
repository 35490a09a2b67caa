"""Full-text search behind one seam (issue 15).

engine.py        the SearchEngine protocol, plain result types, the query syntax check, the search deadline,
                 and highlight spans from our analyzer (analysis.py), so every engine highlights alike
analysis.py      our text analysis: tokens, word shapes, stop words, folding, stemming
whoosh_engine.py the local engine (Whoosh); _whoosh_speed.py its private speed-ups on Whoosh internals
"""
