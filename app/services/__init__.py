"""Use cases: orchestration of the domain modules, no HTTP and no SQL."""
