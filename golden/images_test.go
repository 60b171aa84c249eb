package golden

import "github.com/postercanvas/postercanvas/canvas/imagesrc"

// corpusImages loads the corpus's images (testdata/assets/…) with the
// standard loader, decoded as Chromium decodes them and shared by the
// golden and round-trip tests.
var corpusImages = imagesrc.New(imagesrc.Config{Root: "testdata"})
