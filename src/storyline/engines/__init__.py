"""Engines: the same per-document stages run elsewhere than the pipeline's process pool.

``engines.spark``       on Apache Spark (``storyline[spark]``, Java 17): ``run`` analyses
                        pages into Parquet, stores them and links the corpus
``engines.spark_link``  the corpus-level stages with quote-pair blocking and scoring on Spark
``engines.tables``      the Parquet tables an engine writes, and ``load_into`` (pyarrow only)
``engines.compare``     two exports compared up to id renaming (tests and bench/spark.py)

Nothing here is imported by ``import storyline``; pyspark is imported inside the functions
that need it, so the default engine never loads it. See docs/scaling.md.
"""
