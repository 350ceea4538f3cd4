from ninja import Router

router = Router(tags=["Barn och unga"])
