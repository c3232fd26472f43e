"""The association's own economics and steering: member fees, state grants, the operations
plan and budget, board work and agreements. Pure rules; no database, no web."""
