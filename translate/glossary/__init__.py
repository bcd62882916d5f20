"""Terminology glossaries: schema, matching, enforcement, editing and interchange."""
