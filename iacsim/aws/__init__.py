"""Facts about AWS itself: identifiers, limits and tables that every layer may import (no simulator, model or rules code)."""
