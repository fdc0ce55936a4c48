"""Race pages: the ranking, publishing, the scheme editor and the publication archive."""
