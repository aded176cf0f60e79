"""The action kernel every business area shares: who acts (Acting), the locked project and task scene,
idempotent execution (`run_once`), the record of a decision with its audit entry and event (`log`),
and the typed results actions return."""
