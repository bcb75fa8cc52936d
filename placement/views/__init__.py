"""The core's pages: login, role homes, administration, language and error pages."""
