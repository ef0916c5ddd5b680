"""Record editors: standards, authorisations and staff, on one generic form."""
