"""Test helpers shared by the portal's apps (pytest fixtures, worker settings)."""
