"""Replayed flows: every encrypt/decrypt path the infrastructure implies, on a simulated cloud.

Add a flow family by adding a module under ``iacsim/flows/`` with one
:class:`~iacsim.flows.base.Flow` subclass; the engine discovers it.
"""

from iacsim.flows.base import Flow, FlowContext, FlowFailure, FlowOutcome
from iacsim.flows.engine import all_flows, run_flows

__all__ = ["Flow", "FlowContext", "FlowFailure", "FlowOutcome", "all_flows", "run_flows"]
