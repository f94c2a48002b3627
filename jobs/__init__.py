"""arq worker settings and job functions; they call domain services."""
