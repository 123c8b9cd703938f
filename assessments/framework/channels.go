package framework

import "slices"

// Channel names used in framework files and hotline profiles. They are
// shared so that a hotline profile and a criterion speak the same words.
const (
	ChannelPhone = "phone"
	ChannelChat  = "chat"
	ChannelSMS   = "sms"
	ChannelEmail = "email"
	ChannelWeb   = "web"
	// ChannelAll marks a criterion that applies whatever channels a hotline
	// runs; it is not a channel a hotline can list.
	ChannelAll = "all"
)

var hotlineChannels = []string{ChannelPhone, ChannelChat, ChannelSMS, ChannelEmail, ChannelWeb}

// HotlineChannels lists the channels a hotline profile may declare, in
// display order, so forms and validation use the same list as frameworks.
func HotlineChannels() []string {
	return slices.Clone(hotlineChannels)
}

// IsHotlineChannel reports whether name is a channel a hotline may run.
func IsHotlineChannel(name string) bool {
	return slices.Contains(hotlineChannels, name)
}

// isCriterionChannel reports whether name may appear in a criterion's
// channels: any hotline channel, or "all".
func isCriterionChannel(name string) bool {
	return name == ChannelAll || IsHotlineChannel(name)
}
