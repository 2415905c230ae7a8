"""Stories: articles about the same real-world event, clustered incrementally."""

from storyline.stories.cluster import StoryClusterer, arrival_key, cluster_stories

__all__ = ["StoryClusterer", "cluster_stories", "arrival_key"]
