"""The web layer every page shares: forms, paging, headers, language, templates, error pages."""
