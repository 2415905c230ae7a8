"""Engines: the same per-document stages run elsewhere than the pipeline's process pool.

``engines.spark``   on Apache Spark (``storyline[spark]``): ``run`` and ``load_into``
``engines.tables``  the Parquet tables an engine writes, and ``load_into`` (pyarrow only)

Nothing here is imported by ``import storyline``; pyspark is imported inside ``spark.run``.
"""
