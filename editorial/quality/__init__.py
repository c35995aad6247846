"""Editorial quality checks: small rules that find faults real text carries, and their findings."""
