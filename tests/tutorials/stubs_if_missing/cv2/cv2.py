"""A stand-in for OpenCV in the tutorial tests: the drawing and window calls are recorded, not done."""
FONT_HERSHEY_COMPLEX = 3
WND_PROP_VISIBLE = 4
calls = []


def putText(img, text, org, font_face, font_scale, color, *args, **kwargs):
    if getattr(img, "ndim", 0) not in (2, 3):
        raise TypeError("putText: img must be an image array")
    calls.append(("putText", text))
    return img


def imshow(win_name, image):
    calls.append(("imshow", win_name))


def waitKey(delay=0):
    return -1


def getWindowProperty(win_name, prop):
    return 0
