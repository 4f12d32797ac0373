"""Import profiles: named, versioned bundles of everything an import decides except the file."""

from dealbrain.profiles.content import PROFILE_FIELDS, apply_profile, profile_content
from dealbrain.profiles.service import (
    ProfileDetail,
    ProfileError,
    ProfileNotFound,
    ProfileService,
    ProfileSessionNotCommitted,
    ProfileSummary,
    ProfileVersionView,
    SavedProfile,
)

__all__ = [
    "PROFILE_FIELDS",
    "ProfileDetail",
    "ProfileError",
    "ProfileNotFound",
    "ProfileSessionNotCommitted",
    "ProfileService",
    "ProfileSummary",
    "ProfileVersionView",
    "SavedProfile",
    "apply_profile",
    "profile_content",
]
