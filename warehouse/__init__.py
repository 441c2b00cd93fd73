"""Facts -> DuckDB. Owns the connection, the DDL in sql/, and transactional loading."""
from warehouse.store import Warehouse, WarehouseError

__all__ = ["Warehouse", "WarehouseError"]
