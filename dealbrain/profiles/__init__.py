"""Import profiles: named, versioned bundles of everything an import decides except the file."""

from dealbrain.profiles.content import PROFILE_FIELDS, apply_profile, profile_content
from dealbrain.profiles.service import ProfileDetail, ProfileError, ProfileService, ProfileSummary, ProfileVersionView

__all__ = [
    "PROFILE_FIELDS",
    "ProfileDetail",
    "ProfileError",
    "ProfileService",
    "ProfileSummary",
    "ProfileVersionView",
    "apply_profile",
    "profile_content",
]
