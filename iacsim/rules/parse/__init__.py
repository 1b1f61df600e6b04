"""Input problems as rules: ``PARSE…`` findings come from the loaders' and the model builder's diagnostics.

Each rule is documented and has test cases like every other rule, but finds
nothing by itself on the model: :mod:`iacsim.rules.parse.diagnostics` maps a
diagnostic to the finding of its rule.
"""
