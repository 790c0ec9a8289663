// A Swift file without a Pony app: `pony run` must say so in one line.
print("hello")
