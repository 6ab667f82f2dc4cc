"""Support reactions: "I hear you", "Me too", "Sending strength" on a post, one per member.

Counts only, never names: whoever reacted, and to whose anonymous post, stays unsaid.
"""
