"""baocao: Vietnamese government reports -> auditable tables."""
