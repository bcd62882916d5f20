"""Corpus mode: many documents through the same pipeline, resumable, on one machine or a cluster.

``inputs`` finds documents and knows their formats, ``manifest`` records what is done, ``work``
is what a worker runs (the pipeline over a group of documents), ``job`` plans, dispatches to an
executor and writes outputs, reports and the summary; ``executors`` are the ways to run groups.
"""
