package models

// AuthNotifyVersion is authNotifyVersion, for the migration test.
const AuthNotifyVersion = authNotifyVersion
