package imagesrc

// GIFBomb is exported to the external tests.
var GIFBomb = gifBomb
